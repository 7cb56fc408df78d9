import { openGateway } from 'heygate';
import { createLuaRunner } from 'heygate/lua';

const { gateway: executor, close } = await openGateway(); // or createLocalExecutor({ client })
const runner = createLuaRunner({ executor });
const script = 'return #app.integrations.heygen.list_avatars({}).data.avatars';
const result = await runner.run(script, {
  personaToken: process.env.HEYGATE_PERSONA_TOKEN, // absent: the local operator
  onPrint: (text) => process.stdout.write(text),
});
// { ok, value, output, durationMs, peakMemoryBytes, calls: [{ tool, account, ok, code?, durationMs }], error? }
console.log(result.ok ? result.value : result.error);
await close();
