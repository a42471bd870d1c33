// Stats of the agent: per service and destination counters and rates, host load, agent health.
export { createStatsSampler, NFT_STATS_TABLE, type SamplerOptions, type StatsSampler } from './sampler';
export { parseIpvsadmStats, parseLoadavg, parseMemAvailableKiB, parseNftCounters, parseProcIpVs, parseProcIpVsByService, type ConnCounts, type Counters, type ParsedService } from './parse';
