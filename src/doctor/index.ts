export { runDoctor } from './checks.js';
export type { DoctorCheck, DoctorReport } from './checks.js';
