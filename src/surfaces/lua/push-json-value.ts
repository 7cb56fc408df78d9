import { registryIndex, type LuaApi, type LuaState } from './lua-api.ts';
import type { LuaJsonRefs } from './lua-json-refs.ts';

/** Deepest JSON nesting pushed; HeyGen results are a few levels deep. */
const maxDepth = 200;

/**
 * Pushes JSON data onto the stack of `L` as Lua values: objects become tables (null members left out, so
 * they read as nil), arrays become sequences tagged with the array metatable (so `ipairs` works and an empty
 * array encodes back as `[]`), integers become Lua integers (so they print as `10`, not `10.0`), `null` and
 * `undefined` become nil.
 *
 * Must run inside a protected context (a C function called from Lua): creating tables allocates, and an
 * allocation over the memory limit raises a Lua error.
 */
export function pushJsonValue(api: LuaApi, L: LuaState, value: unknown, refs: LuaJsonRefs): void {
  const { raw } = api;

  function push(item: unknown, depth: number): void {
    switch (typeof item) {
      case 'string':
        api.pushString(L, item);
        return;
      case 'number':
        if (Number.isSafeInteger(item)) raw._lua_pushinteger(L, BigInt(item));
        else raw._lua_pushnumber(L, item);
        return;
      case 'boolean':
        raw._lua_pushboolean(L, item ? 1 : 0);
        return;
      case 'bigint':
        raw._lua_pushinteger(L, BigInt.asIntN(64, item));
        return;
      case 'object':
        if (item === null) break;
        if (depth >= maxDepth || raw._lua_checkstack(L, 4) === 0) {
          raw._lua_pushnil(L);
          return;
        }
        if (Array.isArray(item)) {
          raw._lua_createtable(L, item.length, 0);
          for (let i = 0; i < item.length; i++) {
            const element = item[i];
            if (element === null || element === undefined) continue;
            push(element, depth + 1);
            raw._lua_rawseti(L, -2, BigInt(i + 1));
          }
          setMeta(refs.arrayMeta);
          return;
        }
        if (item instanceof Date) {
          api.pushString(L, item.toISOString());
          return;
        }
        {
          const keys = Object.keys(item);
          raw._lua_createtable(L, 0, keys.length);
          for (const key of keys) {
            const member = (item as Record<string, unknown>)[key];
            if (member === null || member === undefined || typeof member === 'function') continue;
            api.pushString(L, key);
            push(member, depth + 1);
            raw._lua_rawset(L, -3);
          }
          setMeta(refs.objectMeta);
        }
        return;
    }
    raw._lua_pushnil(L);
  }

  function setMeta(ref: number): void {
    raw._lua_rawgeti(L, registryIndex, BigInt(ref));
    raw._lua_setmetatable(L, -2);
  }

  push(value, 0);
}
