/** The platform as an injected value, so Windows code paths are testable on Linux. */
export type Platform = 'posix' | 'windows';

export function currentPlatform(): Platform {
  return process.platform === 'win32' ? 'windows' : 'posix';
}
