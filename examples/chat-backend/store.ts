/** The demo backend's data access, over netra's session helper (one pool per process). */
import { query, withTransaction } from 'netra/db';

export interface Message {
  id: string;
  threadId: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
}

interface MessageRow {
  id: string;
  thread_id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: Date;
}

const toMessage = (row: MessageRow): Message => ({
  id: String(row.id),
  threadId: row.thread_id,
  role: row.role,
  content: row.content,
  createdAt: row.created_at.toISOString(),
});

export async function addMessage(threadId: string, role: Message['role'], content: string): Promise<Message> {
  return withTransaction(async (session) => {
    const result = await session.query<MessageRow>(
      'INSERT INTO messages (thread_id, role, content) VALUES ($1, $2, $3) RETURNING *',
      [threadId, role, content],
    );
    return toMessage(result.rows[0]!);
  });
}

export async function listMessages(threadId: string): Promise<Message[]> {
  const result = await query<MessageRow>('SELECT * FROM messages WHERE thread_id = $1 ORDER BY id', [threadId]);
  return result.rows.map(toMessage);
}

export async function countMessages(threadId: string): Promise<number> {
  const result = await query<{ count: string }>('SELECT count(*) AS count FROM messages WHERE thread_id = $1', [threadId]);
  return Number(result.rows[0]?.count ?? 0);
}

export async function databaseAnswers(): Promise<boolean> {
  try {
    await query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
