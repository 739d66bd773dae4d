/**
 * POST /api/chat: store the user's message, answer it, store the answer.
 * With the chat event server in the stack (NETRA_EVENTS_URL), the answer
 * comes from the demo agent, whose run is published event by event; its
 * tool is a real lookup in the database.
 */
import { runDemoChat } from './agent.js';
import { addMessage, countMessages } from './store.js';

export interface ChatResult {
  threadId: string;
  answer: string;
  runId?: string;
  outcome?: string;
}

export async function handleChat(threadId: string, message: string): Promise<ChatResult> {
  await addMessage(threadId, 'user', message);
  const url = process.env['NETRA_EVENTS_URL'];
  const token = process.env['NETRA_EVENTS_TOKEN'];
  if (url && token) {
    const run = await runDemoChat({
      url,
      token,
      threadId,
      message,
      lookup: async () => ({ count: await countMessages(threadId) }),
    });
    await addMessage(threadId, 'assistant', run.answer);
    return { threadId, answer: run.answer, runId: run.runId, outcome: run.outcome };
  }
  const count = await countMessages(threadId);
  const answer = `This thread has ${count} message${count === 1 ? '' : 's'}.`;
  await addMessage(threadId, 'assistant', answer);
  return { threadId, answer };
}
