/**
 * Registry references (`luaL_ref`) to the values that give Lua tables their JSON meaning, created by the
 * prelude of each state: the metatable marking a table as a JSON array (so an empty array stays `[]`), the
 * metatable of decoded JSON objects, and the `json.null` sentinel.
 */
export interface LuaJsonRefs {
  /** Metatable of tables that encode as JSON arrays (decoded arrays, `json.array(t)`). */
  arrayMeta: number;
  /** Metatable of decoded JSON objects (prints as JSON). */
  objectMeta: number;
  /** The `json.null` sentinel: encodes as `null`. */
  nullValue: number;
}
