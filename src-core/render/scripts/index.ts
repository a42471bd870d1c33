// The host scripts: one per director, one per real server.
export { renderDirectorScript } from './director';
export { renderRealServerScript } from './real-server';
export { checkHostForScripts } from './check';
