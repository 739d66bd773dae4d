/** Talks to the control plane of the stack another `dev up` runs, found through `.netra/lock`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLock, isLockAlive } from '../race/index.js';
import { NetraError, errorMessage } from '../shared/errors.js';
import { CONTROL_TOKEN_FILE } from './control-server.js';

export interface ControlClient {
  readonly pid: number;
  request<T>(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: T }>;
}

export async function connectControl(stateDir: string): Promise<ControlClient> {
  const lock = await readLock(stateDir);
  if (!lock || !isLockAlive(lock)) {
    throw new NetraError('NO_RUNNING_STACK', 'no netra dev up is running for this project', {
      hint: 'start it with `netra dev up` (or `netra dev up --detach`)',
    });
  }
  if (!lock.controlPort) {
    throw new NetraError('NO_RUNNING_STACK', `netra dev up (pid ${lock.pid}) is still starting its control plane; try again`);
  }
  let token: string;
  try {
    token = (await readFile(join(stateDir, CONTROL_TOKEN_FILE), 'utf8')).trim();
  } catch (error) {
    throw new NetraError('NO_RUNNING_STACK', `cannot read ${join(stateDir, CONTROL_TOKEN_FILE)}: ${errorMessage(error)}`);
  }
  const base = `http://127.0.0.1:${lock.controlPort}`;
  return {
    pid: lock.pid,
    async request<T>(method: 'GET' | 'POST', path: string) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      } catch (error) {
        throw new NetraError('NO_RUNNING_STACK', `the control plane of pid ${lock.pid} did not answer: ${errorMessage(error)}`);
      }
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}
