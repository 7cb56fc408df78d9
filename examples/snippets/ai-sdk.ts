import { generateText, stepCountIs, type LanguageModel } from 'ai';
import { openGateway } from 'heygate';
import { createHeyGenTools } from 'heygate/ai-sdk';

export async function makeWelcomeVideo(model: LanguageModel): Promise<string> {
  // The gateway (personas, scopes, routing, audit) from HEYGATE_HOME and HEYGEN_API_KEY or stored accounts.
  const { gateway: executor, close } = await openGateway();
  try {
    const tools = await createHeyGenTools({ executor }); // the compact trio
    const result = await generateText({
      model, // any AI SDK model, e.g. openai('gpt-5') from @ai-sdk/openai
      tools,
      prompt: 'Make a 20-second welcome video',
      stopWhen: stepCountIs(8),
    });
    return result.text;
  } finally {
    await close();
  }
}
