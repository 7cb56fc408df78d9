import { luaType, registryIndex, type LuaApi, type LuaState } from './lua-api.ts';
import type { LuaJsonRefs } from './lua-json-refs.ts';

/** A value read from Lua that cannot be represented as JSON; `path` names where it sits. */
export class LuaConversionError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'LuaConversionError';
    this.path = path;
  }
}

/** Options of {@link readLuaValue}. */
export interface ReadLuaValueOptions {
  /** Name of the value in error messages, e.g. `input` or `return value`. */
  path: string;
  /** Sort object keys (deterministic `json.encode` output). Lua tables have no key order. */
  sortKeys?: boolean;
}

/** Deepest table nesting converted; deeper structures are almost certainly a mistake. */
const maxDepth = 100;

/**
 * Reads the Lua value at `index` of `L` as JSON data. Tables become arrays when they carry the array
 * metatable or when their keys are exactly 1..n (a few holes become `null`); any other table becomes an
 * object (integer keys as strings); an empty plain table is `{}`. `json.null` is `null`. Functions,
 * coroutines, userdata, cycles and non-finite numbers throw {@link LuaConversionError} naming the field.
 *
 * Safe to call outside a protected call: it only uses API functions that never raise Lua errors.
 */
export function readLuaValue(
  api: LuaApi,
  L: LuaState,
  index: number,
  refs: LuaJsonRefs,
  options: ReadLuaValueOptions,
): unknown {
  const { raw } = api;
  const active = new Set<number>();

  function read(at: number, path: string, depth: number): unknown {
    switch (raw._lua_type(L, at)) {
      case luaType.none:
      case luaType.nil:
        return null;
      case luaType.boolean:
        return raw._lua_toboolean(L, at) !== 0;
      case luaType.number: {
        const value = raw._lua_tonumberx(L, at, 0);
        if (!Number.isFinite(value))
          throw new LuaConversionError(path, `${value} is not a finite number (JSON has no NaN or infinity)`);
        return value;
      }
      case luaType.string:
        return api.readString(L, at);
      case luaType.table:
        return readTable(at, path, depth);
      default: {
        const kind =
          ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'][
            raw._lua_type(L, at)
          ] ?? 'value';
        throw new LuaConversionError(
          path,
          `a ${kind === 'thread' ? 'coroutine' : kind} cannot be converted to JSON`,
        );
      }
    }
  }

  /** True when the value at `at` is the registry value `ref` itself. */
  function isRef(at: number, ref: number): boolean {
    raw._lua_rawgeti(L, registryIndex, BigInt(ref));
    const same = raw._lua_rawequal(L, at, -1) !== 0;
    raw._lua_settop(L, -2);
    return same;
  }

  function readTable(at: number, path: string, depth: number): unknown {
    if (depth >= maxDepth)
      throw new LuaConversionError(path, `tables nested more than ${maxDepth} levels deep`);
    const pointer = raw._lua_topointer(L, at);
    if (active.has(pointer))
      throw new LuaConversionError(path, 'the table contains itself (a cycle cannot be converted to JSON)');
    let taggedArray = false;
    if (raw._lua_getmetatable(L, at) !== 0) {
      const metatable = raw._lua_gettop(L);
      if (isRef(at, refs.nullValue)) {
        raw._lua_settop(L, -2);
        return null;
      }
      taggedArray = isRef(metatable, refs.arrayMeta);
      raw._lua_settop(L, -2);
    }
    if (raw._lua_checkstack(L, 4) === 0) throw new LuaConversionError(path, 'Lua stack exhausted');
    active.add(pointer);
    const integerKeys: number[] = [];
    const integerValues: unknown[] = [];
    const stringEntries: [string, unknown][] = [];
    raw._lua_pushnil(L);
    while (raw._lua_next(L, at) !== 0) {
      // Stack: key at -2, value at -1. Never lua_tolstring a number key: it would convert it in place.
      const keyType = raw._lua_type(L, -2);
      if (keyType === luaType.string) {
        const key = api.readString(L, -2);
        stringEntries.push([key, read(raw._lua_absindex(L, -1), `${path}.${key}`, depth + 1)]);
      } else if (keyType === luaType.number) {
        const key = raw._lua_tonumberx(L, -2, 0);
        const value = read(raw._lua_absindex(L, -1), `${path}[${key}]`, depth + 1);
        if (raw._lua_isinteger(L, -2) !== 0) {
          integerKeys.push(key);
          integerValues.push(value);
        } else {
          stringEntries.push([String(key), value]);
        }
      } else {
        active.delete(pointer);
        raw._lua_settop(L, -3);
        throw new LuaConversionError(
          path,
          `keys must be strings or numbers to convert to JSON (found a ${keyName(keyType)} key)`,
        );
      }
      raw._lua_settop(L, -2);
    }
    active.delete(pointer);

    const count = integerKeys.length;
    if (stringEntries.length === 0 && (count > 0 || taggedArray)) {
      let max = 0;
      let positive = true;
      for (const key of integerKeys) {
        if (key < 1) positive = false;
        if (key > max) max = key;
      }
      // A sequence, or a sequence with a few holes (JSON nulls decoded as nil): an array.
      if (
        positive &&
        (max === count || (max <= count * 2 + 8 && max <= 1_000_000) || (taggedArray && max <= 1_000_000))
      ) {
        const array: unknown[] = new Array<unknown>(max).fill(null);
        for (let i = 0; i < count; i++) array[integerKeys[i]! - 1] = integerValues[i];
        return array;
      }
    }
    if (count === 0 && stringEntries.length === 0) return taggedArray ? [] : {};
    const object: Record<string, unknown> = {};
    const entries = stringEntries;
    for (let i = 0; i < count; i++) entries.push([String(integerKeys[i]), integerValues[i]]);
    if (options.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, value] of entries) {
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  }

  return read(raw._lua_absindex(L, index), options.path, 0);
}

function keyName(type: number): string {
  return (
    ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'coroutine'][type] ??
    'value'
  );
}
