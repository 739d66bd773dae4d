/**
 * The alert manager (issue 8): rules over service health and the chat event
 * stream, dedup and cooldown, sinks (terminal, `.netra/alerts.jsonl`,
 * `x.alert` on `_netra`, webhook), and the reader behind `netra alerts`.
 * Imports only shared/, and types from logs/ and events/.
 */
export type { ActiveAlert, AlertInput, AlertRecord, AlertSink, RuleName, Severity } from './types.js';
export { isRuleName, ruleNames, severities } from './types.js';
export type { AlertsConfig, RuleSettings, WebhookSettings } from './config.js';
export { defaultAlertsConfig, parseAlertsConfig, readAlertsConfig } from './config.js';
export { AlertBook } from './alert-book.js';
export type { ServiceSignal } from './service-signal.js';
export type { LivenessProbe, LivenessTarget } from './rules/liveness-rule.js';
export type { LevelOf, LogSource } from './rules/error-burst-rule.js';
export type { StartTimes } from './start-times.js';
export { openStartTimes } from './start-times.js';
export { sampleGroupRss } from './process-tree-rss.js';
export type { GroupRssSampler } from './process-tree-rss.js';
export { alertsFilePath, createAlertManager, openStartTimesFor, tickInterval } from './manager.js';
export type { AlertManager, AlertManagerOptions } from './manager.js';
export { createTerminalSink, formatAlertLine } from './sinks/terminal-sink.js';
export { createFileSink } from './sinks/file-sink.js';
export { ALERT_EVENT, ALERT_THREAD, createEventSink } from './sinks/event-sink.js';
export type { SystemPublisher } from './sinks/event-sink.js';
export { createWebhookSink } from './sinks/webhook-sink.js';
export { followAlerts, parseAlertLine, readAlerts, readAlertsWithOffset, stillFiring } from './read-alerts.js';
