import { isJsonObject } from './json-schema.ts';
import { dialectJsonSchema, type SchemaDialect } from './schema-dialect.ts';
import type { SurfaceTool } from './surface-tool.ts';

/**
 * A non-catalog tool (compact meta-tool, Lua tool) published in a schema dialect: its input schema converted,
 * and the arguments a model sends mapped back before it runs (e.g. `call_tool`'s free-form `arguments`, which
 * Gemini and OpenAI strict mode receive as a JSON-encoded string). `mcp` returns the tool itself.
 */
export function surfaceToolInDialect<T extends Pick<SurfaceTool, 'inputSchema' | 'run'>>(
  tool: T,
  dialect: SchemaDialect,
): T {
  const converted = dialectJsonSchema(tool.inputSchema, dialect);
  if (converted.schema === tool.inputSchema) return tool;
  return {
    ...tool,
    inputSchema: converted.schema,
    run: (args, context) => {
      const decoded = converted.decode(args);
      return tool.run(isJsonObject(decoded) ? decoded : {}, context);
    },
  };
}
