import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openGateway } from 'heygate';
import { createMcpServer } from 'heygate/mcp';

const { gateway: executor } = await openGateway(); // HEYGATE_HOME, HEYGEN_API_KEY or stored accounts
const mcp = await createMcpServer({ executor, mode: 'auto', areas: ['videos'] });
await mcp.connect(new StdioServerTransport()); // any SDK transport
