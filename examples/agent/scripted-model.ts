import { MockLanguageModelV3 } from 'ai/test';

type CallOptions = Parameters<MockLanguageModelV3['doGenerate']>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;

/** Tool results the model has seen so far, by tool name (`call_tool:<name>` for call_tool; the last one wins). */
function toolResults(options: CallOptions): Map<string, unknown> {
  const calledTool = new Map<string, string>();
  const results = new Map<string, unknown>();
  for (const message of options.prompt) {
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type !== 'tool-call') continue;
        const input = (typeof part.input === 'string' ? JSON.parse(part.input) : part.input) as {
          name?: string;
        };
        calledTool.set(part.toolCallId, input?.name ? `${part.toolName}:${input.name}` : part.toolName);
      }
    }
    if (message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type !== 'tool-result') continue;
      const value =
        part.output.type === 'json' || part.output.type === 'text' ? part.output.value : part.output;
      results.set(calledTool.get(part.toolCallId) ?? part.toolName, value);
    }
  }
  return results;
}

let calls = 0;
function toolCall(toolName: string, input: unknown): GenerateResult {
  calls++;
  return {
    content: [{ type: 'tool-call', toolCallId: `call-${calls}`, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage: {
      inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 0, text: 0, reasoning: 0 },
    },
    warnings: [],
  };
}

function answer(text: string): GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 0, text: 0, reasoning: 0 },
    },
    warnings: [],
  };
}

/**
 * A language model that follows a script instead of calling a model API (none is reachable in CI): it does what
 * a capable model does with heygate's compact tools — search, look up an avatar and a voice, make the video and
 * wait for it — reading each step's real tool results from the prompt, as a model would.
 */
export function scriptedVideoModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: 'scripted',
    modelId: 'video-maker',
    async doGenerate(options) {
      const seen = toolResults(options);
      if (!seen.has('search_tools')) return toolCall('search_tools', { query: 'create an avatar video' });
      const looks = seen.get('call_tool:avatar_look_list') as { data?: { id: string }[] } | undefined;
      if (!looks) return toolCall('call_tool', { name: 'avatar_look_list', arguments: { limit: 1 } });
      const voices = seen.get('call_tool:voice_list') as { data?: { voice_id: string }[] } | undefined;
      if (!voices) return toolCall('call_tool', { name: 'voice_list', arguments: { limit: 1 } });
      const video = seen.get('call_tool:video_create') as
        { video_url?: string; error?: { message: string } } | undefined;
      if (!video) {
        return toolCall('call_tool', {
          name: 'video_create',
          arguments: {
            type: 'avatar',
            avatar_id: looks.data?.[0]?.id,
            voice_id: voices.data?.[0]?.voice_id,
            script: 'Welcome to the team! This video was made by an agent through heygate.',
            wait: true,
          },
          reason: 'the user asked for a welcome video',
        });
      }
      return answer(
        video.video_url
          ? `Your welcome video is ready: ${video.video_url}`
          : `No video: ${video.error?.message}`,
      );
    },
  });
}
