/** Lag sampling: rates, catch-up estimate, subscriptions. Persistence is store/LagHistory (a LagSink). */
export {
  LagSampler,
  type GroupLagSample,
  type LagRow,
  type LagSamplerDeps,
  type LagSamplerOptions,
  type LagSink,
  type LagSource,
  type LagTick,
  type SamplerStats,
  type TopicLagSample,
} from './sampler';
export { type CatchUp, RateTracker, catchUp } from './rates';
export { EventQueue } from './subscription';
