// A small agent: the Vercel AI SDK's generateText loop with heygate's tools, in sandbox mode (the built-in HeyGen
// emulator, no key, no credits). Run it with `npm run example:agent` (see README.md in this folder).
import { generateText, stepCountIs, type LanguageModel } from 'ai';
import { createHeyGenClient, createLocalExecutor } from 'heygate';
import { createHeyGenTools } from 'heygate/ai-sdk';
import { startEmulator } from 'heygate/test';
import { scriptedVideoModel } from './scripted-model.ts';

/** Runs the agent once with `model` and returns its final answer and the tools it called. */
export async function runAgent(model: LanguageModel): Promise<{ text: string; toolCalls: string[] }> {
  // Sandbox: an in-process HeyGen emulator whose clock jumps ahead while a job is waited for, so a render
  // finishes at once. With a real key: createHeyGenClient({ apiKey: process.env.HEYGEN_API_KEY! }).
  const sandbox = await startEmulator();
  try {
    const executor = createLocalExecutor({ client: createHeyGenClient(sandbox.clientOptions) });
    // The compact trio (search_tools, describe_tool, call_tool): the whole catalog for a few hundred tokens.
    const tools = await createHeyGenTools({ executor, prompt: 'Make a welcome video' });
    const result = await generateText({
      model,
      tools,
      system: 'You make HeyGen videos with the tools you have. Wait for renders and give the user the URL.',
      prompt: 'Make a short welcome video for a new colleague.',
      stopWhen: stepCountIs(8),
    });
    return {
      text: result.text,
      toolCalls: result.steps.flatMap((step) =>
        step.toolCalls.map((call) => {
          const input = call.input as { name?: string };
          return input.name ? `${call.toolName}(${input.name})` : call.toolName;
        }),
      ),
    };
  } finally {
    await sandbox.close();
  }
}

if (import.meta.main) {
  // Swap in a real model (e.g. `openai('gpt-5')` from @ai-sdk/openai) to let it decide the steps itself.
  const { text, toolCalls } = await runAgent(scriptedVideoModel());
  for (const call of toolCalls) console.log(`tool: ${call}`);
  console.log(text);
}
