// Whether the user is in the middle of something (a button held: panning, dragging; or input in the
// last moment): background work that blocks the main thread (autosave of a large plan serializes it
// for a few hundred ms) waits until they stop.
const QUIET_MS = 800;
let held = 0;
let lastInput = 0;

if (typeof window !== 'undefined') {
  const touch = () => (lastInput = performance.now());
  window.addEventListener('pointerdown', () => ((held = 1), touch()), true);
  window.addEventListener('pointerup', () => ((held = 0), touch()), true);
  window.addEventListener('pointercancel', () => ((held = 0), touch()), true);
  window.addEventListener('wheel', touch, { capture: true, passive: true });
  window.addEventListener('keydown', touch, true);
}

export function userBusy(): boolean {
  return held > 0 || performance.now() - lastInput < QUIET_MS;
}
