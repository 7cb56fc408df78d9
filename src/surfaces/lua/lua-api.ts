import type { LuaWasm } from 'wasmoon';

/**
 * A thin typed view of the Lua 5.4 C API exported by wasmoon's WebAssembly build, plus string transfer
 * helpers. heygate drives Lua through these raw exports rather than wasmoon's `LuaEngine`: it needs its own
 * allocator (exact peak memory), its own instruction hook, JSON-shaped value conversion (nil for null,
 * arrays vs objects) and no JavaScript proxies reachable from scripts.
 */

/** A `lua_State*`: an address in the WebAssembly memory. */
export type LuaState = number;

/** `LUA_REGISTRYINDEX` (Lua 5.4 with `LUAI_MAXSTACK` = 1,000,000). */
export const registryIndex = -1_001_000;

/** Lua type tags (`lua.h`). */
export const luaType = {
  none: -1,
  nil: 0,
  boolean: 1,
  lightUserdata: 2,
  number: 3,
  string: 4,
  table: 5,
  function: 6,
  userdata: 7,
  thread: 8,
} as const;

/** Status codes of `lua_resume`/`lua_pcall` (`lua.h`). */
export const luaStatus = {
  ok: 0,
  yield: 1,
  runtimeError: 2,
  syntaxError: 3,
  memoryError: 4,
  handlerError: 5,
} as const;

/** The raw exports heygate uses (names as Emscripten exports them). */
interface RawExports {
  _malloc(size: number): number;
  _free(pointer: number): void;
  _realloc(pointer: number, size: number): number;
  _lua_newstate(allocator: number, userData: number): LuaState;
  _luaL_openlibs(L: LuaState): void;
  _lua_newthread(L: LuaState): LuaState;
  _lua_gettop(L: LuaState): number;
  _lua_settop(L: LuaState, index: number): void;
  _lua_absindex(L: LuaState, index: number): number;
  _lua_checkstack(L: LuaState, extra: number): number;
  _lua_type(L: LuaState, index: number): number;
  _lua_toboolean(L: LuaState, index: number): number;
  _lua_tonumberx(L: LuaState, index: number, isNumber: number): number;
  _lua_isinteger(L: LuaState, index: number): number;
  _lua_tolstring(L: LuaState, index: number, length: number): number;
  _lua_topointer(L: LuaState, index: number): number;
  _lua_next(L: LuaState, index: number): number;
  _lua_getmetatable(L: LuaState, index: number): number;
  _lua_setmetatable(L: LuaState, index: number): number;
  _lua_rawequal(L: LuaState, a: number, b: number): number;
  _lua_rawgeti(L: LuaState, index: number, n: bigint): number;
  _lua_rawseti(L: LuaState, index: number, n: bigint): void;
  _lua_rawset(L: LuaState, index: number): void;
  _lua_createtable(L: LuaState, arraySize: number, recordSize: number): void;
  _lua_pushnil(L: LuaState): void;
  _lua_pushboolean(L: LuaState, value: number): void;
  _lua_pushinteger(L: LuaState, value: bigint): void;
  _lua_pushnumber(L: LuaState, value: number): void;
  _lua_pushlstring(L: LuaState, pointer: number, length: number): number;
  _lua_pushcclosure(L: LuaState, fn: number, upvalues: number): void;
  _lua_pushvalue(L: LuaState, index: number): void;
  _lua_rotate(L: LuaState, index: number, n: number): void;
  _luaL_where(L: LuaState, level: number): void;
  _luaL_ref(L: LuaState, table: number): number;
  _luaL_loadbufferx(L: LuaState, buffer: number, size: number, name: number, mode: number): number;
  _lua_pcallk(
    L: LuaState,
    nargs: number,
    nresults: number,
    handler: number,
    context: number,
    continuation: number,
  ): number;
  _lua_resume(L: LuaState, from: number, nargs: number, nresults: number): number;
  _lua_sethook(L: LuaState, hook: number, mask: number, count: number): void;
  _lua_error(L: LuaState): number;
  addFunction(fn: (...args: number[]) => number | void, signature: string): number;
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  HEAP32: Int32Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** The raw API of one WebAssembly Lua instance, with string helpers. */
export interface LuaApi {
  /** The raw exports. */
  raw: RawExports;
  /** Pushes a JavaScript string as a Lua string (UTF-8 bytes, embedded zeros kept). */
  pushString(L: LuaState, value: string): void;
  /** Reads the Lua string at `index` (the value must BE a string: numbers would be converted in place). */
  readString(L: LuaState, index: number): string;
  /** Reads the raw bytes of the Lua string at `index` (a copy). */
  readBytes(L: LuaState, index: number): Uint8Array;
  /** Registers a JavaScript function as a C function `int f(lua_State*)` and pushes it. */
  pushFunction(L: LuaState, fn: (L: LuaState) => number): void;
  /** Writes a NUL-terminated copy of `value` into a fresh buffer; free it with `raw._free`. */
  allocString(value: string): { pointer: number; length: number };
}

/** Creates the API view of one wasmoon instance. */
export function createLuaApi(wasm: LuaWasm): LuaApi {
  const raw = wasm.module as unknown as RawExports;
  // One scratch area for string transfers and the `size_t` out-parameter of lua_tolstring; grown on demand.
  let scratch = raw._malloc(256);
  let scratchSize = 256;
  const lengthSlot = raw._malloc(8);

  function reserve(size: number): number {
    if (size > scratchSize) {
      raw._free(scratch);
      scratchSize = Math.max(size, scratchSize * 2);
      scratch = raw._malloc(scratchSize);
      if (scratch === 0) throw new RangeError('Lua instance out of memory');
    }
    return scratch;
  }

  return {
    raw,
    pushString(L, value) {
      // UTF-8 needs at most 3 bytes per UTF-16 unit.
      const pointer = reserve(value.length * 3 + 1);
      const { written } = encoder.encodeInto(value, raw.HEAPU8.subarray(pointer, pointer + value.length * 3));
      raw._lua_pushlstring(L, pointer, written);
    },
    readString(L, index) {
      const pointer = raw._lua_tolstring(L, index, lengthSlot);
      const length = raw.HEAPU32[lengthSlot >> 2]!;
      if (length === 0) return '';
      return decoder.decode(raw.HEAPU8.subarray(pointer, pointer + length));
    },
    readBytes(L, index) {
      const pointer = raw._lua_tolstring(L, index, lengthSlot);
      const length = raw.HEAPU32[lengthSlot >> 2]!;
      return raw.HEAPU8.slice(pointer, pointer + length);
    },
    pushFunction(L, fn) {
      raw._lua_pushcclosure(L, raw.addFunction(fn, 'ii'), 0);
    },
    allocString(value) {
      const bytes = encoder.encode(value);
      const pointer = raw._malloc(bytes.length + 1);
      raw.HEAPU8.set(bytes, pointer);
      raw.HEAPU8[pointer + bytes.length] = 0;
      return { pointer, length: bytes.length };
    },
  };
}
