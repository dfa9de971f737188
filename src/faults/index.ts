// The pure interpreter of fault data (DESIGN.md §1: faults are data, interpreted alike by the
// simulator and the real controller).
export { resolvePartition, completeGrudge, isLinkCut, grudgeToJson, describeGrudge, NO_GRUDGE, PARTITION_SPECS, ONE_WAY_PARTITION_SPECS, ALL_PARTITION_SPECS, parsePartitionSpecs } from './partition.js';
export { resolveTargets, TARGET_SPECS } from './targets.js';
export { applyFault, createFaultState, faultStateOf, familyOf } from './apply.js';
export type { FaultState, FaultOutcome } from './apply.js';
export { majoritySize } from './majority.js';
export { shuffle } from '../util/rng.js';
