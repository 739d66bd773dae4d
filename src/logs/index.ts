/**
 * The log streaming module: line splitting, the per-service ring buffer,
 * level detection, terminal formatting, the JSONL files under
 * `.netra/logs/` with rotation, and the reader behind `netra logs`.
 */
export type { LogRecord, LogStream } from './types.js';
export { isLogStream, logStreams } from './types.js';
export { LineSplitter, defaultMaxLineLength } from './line-splitter.js';
export type { LineSplitterOptions } from './line-splitter.js';
export { RingBuffer } from './ring-buffer.js';
export { detectAlertLevel, detectLevel, levelRank, logLevels, parseLevel } from './level.js';
export type { LogLevel } from './level.js';
export { RepeatCollapser, maskVariableParts, repeatedMessage } from './repeat-collapser.js';
export { createLineFilter } from './line-filter.js';
export type { LinePattern, LinePredicate } from './line-filter.js';
export { defaultRotation, readLastSeqSync } from './file-sink.js';
export type { RotationOptions } from './file-sink.js';
export { createLogHub, stackLogName } from './log-hub.js';
export type { LogHub, LogHubOptions, ServiceLogOptions } from './log-hub-types.js';
export { parseRecordLine } from './record-parser.js';
export type { ReadRecord } from './record-parser.js';
export { compileMatcher, defaultTail, effectiveTail, grepNeedle, parseGrep, parseLevelFlag, parseSince, parseStreamFlag, parseTail } from './log-query.js';
export type { LogQuery } from './log-query.js';
export { checkServiceNames, currentLogPath, listLogServices, rotatedLogPaths, servicesFromState } from './log-files.js';
export { mergeSorted, mergeStreams } from './merge-by-time.js';
export { readLogs } from './read-logs.js';
export { followLogs } from './follow-logs.js';
export type { FollowOptions } from './follow-logs.js';
