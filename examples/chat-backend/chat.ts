/**
 * POST /api/chat: store the user's message, answer it, store the answer.
 * With the chat event server in the stack, the answer comes from the demo
 * agent, whose run is published event by event.
 */
import { addMessage, countMessages } from './store.js';

export interface ChatResult {
  threadId: string;
  answer: string;
  runId?: string;
}

export async function handleChat(threadId: string, message: string): Promise<ChatResult> {
  await addMessage(threadId, 'user', message);
  const count = await countMessages(threadId);
  const answer = `You said "${message}". This thread has ${count} message${count === 1 ? '' : 's'}.`;
  await addMessage(threadId, 'assistant', answer);
  return { threadId, answer };
}
