/**
 * One highlighted line per alert on netra's terminal stream (stderr), so it
 * stands out from service logs: `netra ▲ ALERT crash-loop api: …` and
 * `netra ✓ resolved crash-loop api: …`. ANSI colors only when asked.
 */
import type { AlertRecord, AlertSink, Severity } from '../types.js';

const reset = '\x1b[0m';
const styles: Record<Severity, string> = {
  info: '\x1b[1;36m',
  warning: '\x1b[1;30;43m',
  error: '\x1b[1;97;41m',
  critical: '\x1b[1;97;45m',
};
const green = '\x1b[1;32m';

export function formatAlertLine(record: AlertRecord, color: boolean): string {
  const subject = record.service ?? (record.threadId === undefined ? '' : `thread ${record.threadId}`);
  const where = subject === '' ? '' : ` ${subject}`;
  if (record.state === 'resolved') {
    const head = `netra ✓ resolved ${record.rule}${where}`;
    return `${color ? `${green}${head}${reset}` : head}: ${record.message}\n`;
  }
  const head = `netra ▲ ALERT ${record.severity} ${record.rule}${where}`;
  return `${color ? `${styles[record.severity]}${head}${reset}` : head}: ${record.message}\n`;
}

export function createTerminalSink(stream: NodeJS.WritableStream, color: boolean): AlertSink {
  let broken = false;
  return {
    write(record, final) {
      if (broken || final) return;
      try {
        stream.write(formatAlertLine(record, color));
      } catch {
        broken = true; // a closed terminal must not break the supervisor
      }
    },
    close: async () => undefined,
  };
}
