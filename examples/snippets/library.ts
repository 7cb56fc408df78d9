import { createHeyGenClient, createLocalExecutor } from 'heygate';
const client = createHeyGenClient({ apiKey: process.env.HEYGEN_API_KEY! });
const executor = createLocalExecutor({ client });
const result = await executor.execute({ tool: 'video_get', input: { video_id: 'abc' }, surface: 'library' });
console.log(result.ok ? result.data : result.error); // a tool error is a value: { code, message, hint, … }
