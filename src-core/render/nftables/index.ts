// The nftables data plane renderer: logical IPVS table + host context -> one nft transaction.
export * from './context';
export * from './counters';
export * from './fullnat';
export * from './listing';
export * from './ops';
export * from './render';
export * from './support';
export { base64url, digest, fromBase64url, hash32 } from './encode';
