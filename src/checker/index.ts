// raft-chaos' linearizability checker: the public surface (DESIGN.md §3). Usable on its own:
//
//   import { readHistoryFile, checkOperations, renderCounterexampleHtml } from './checker/index.js';
//   const history = await readHistoryFile('history.edn');          // format detected
//   const result = await checkOperations(history.operations, 'cas-register', { timeoutMs: 10_000 });
//   if (result.valid === false) writeFileSync('cx.html', renderCounterexampleHtml(result));
//
// Semantics (see types.ts): an operation's call and return form a closed interval; operations of
// unknown outcome never return; a model is a record of pure functions; `valid` is true, false, or
// 'unknown' when the time budget ran out.
export type {
  CheckOptions,
  CheckResult,
  DescribedOperation,
  LinearizationStep,
  Model,
  Operation,
  Outcome,
  PartitionCounterexample,
  PartitionResult,
  Valid,
} from './types.js';
export {
  MODELS,
  MODEL_NAMES,
  modelByName,
  registerModel,
  casRegisterModel,
  kvModel,
  kvWholeModel,
  partitionByKey,
  ModelInputError,
} from './models/index.js';
export { checkOperations, checkHistory, checkHistorySync } from './check-async.js';
export { checkOperationsSync } from './check.js';
export { FORMATS, isHistoryFormat, type HistoryFormat, type ParsedHistory } from './readers/history.js';
export { parseHistory, readHistoryFile } from './readers/read-history.js';
export { detectFormat } from './readers/detect.js';
export { HistoryParseError } from './readers/parse-error.js';
export { parseEdn, parseEdnForms, EdnKeyword, EdnSymbol, keyword, type EdnValue } from './readers/edn.js';
export { renderCounterexampleHtml } from './render-html.js';
