import { describe, expect, it } from 'vitest';
import { databaseUrl, redactUrl } from '../../../src/db/url.js';

describe('databaseUrl', () => {
  it('defaults to the postgres user and database, no password', () => {
    expect(databaseUrl({ host: '127.0.0.1', port: 5433 })).toBe('postgres://postgres@127.0.0.1:5433/postgres');
  });
  it('encodes user, password and database, and brackets IPv6', () => {
    expect(databaseUrl({ host: '::1', port: 1, user: 'a b', password: 'p@ss', database: 'my db' })).toBe(
      'postgres://a%20b:p%40ss@[::1]:1/my%20db',
    );
  });
  it('redacts the password only', () => {
    expect(redactUrl('postgres://u:secret@h:1/d')).toBe('postgres://u:***@h:1/d');
    expect(redactUrl('postgres://u@h:1/d')).toBe('postgres://u@h:1/d');
  });
});
