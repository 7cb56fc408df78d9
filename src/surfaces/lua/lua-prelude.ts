/**
 * The Lua code that turns a fresh Lua 5.4 state into heygate's sandbox, run once per execution before the
 * script (chunk name `heygate`). It receives one table of host functions from JavaScript (see
 * create-lua-runner.ts) and returns the values JavaScript keeps in the registry.
 *
 * What it does, in order:
 * 1. Keeps private references to the library functions it wraps, so a script that redefines globals cannot
 *    break the sandbox or the namespace.
 * 2. Removes everything that reaches outside the state: `io`, `os` (except `time`, `clock`, `date`,
 *    `difftime`), `require`, `package`, `debug`, `dofile`, `loadfile`, `string.dump`; `load` only accepts
 *    text chunks (precompiled bytecode can corrupt the VM); `collectgarbage` only answers `"count"`.
 * 3. Wraps the few library functions whose work happens inside one uninterruptible C call: pattern matching
 *    (cost-checked, see lua-pattern-cost.ts), `string.rep` of empty strings, `table.move` of huge ranges,
 *    big `table.sort`s without a comparator; and bounds `pcall`/`xpcall` nesting.
 * 4. Forwards integration calls made inside coroutines to the host: a call yields a private marker all the
 *    way out to JavaScript, which awaits `execute()` and resumes the script. Scripts read synchronously.
 * 5. Builds `app.integrations.heygen` (tools, named accounts, wait helpers), `json`, `print` and the
 *    `lua_read_doc`/`lua_list_docs`/`lua_search_docs` functions.
 */
export const luaPrelude = String.raw`
local host = ...

local type, tostring, tonumber, select, error, setmetatable, getmetatable, rawget, rawset =
  type, tostring, tonumber, select, error, setmetatable, getmetatable, rawget, rawset
local native_pcall, native_xpcall, native_load = pcall, xpcall, load
local co_create, co_resume, co_yield, co_status = coroutine.create, coroutine.resume, coroutine.yield, coroutine.status
local pack, unpack, concat, native_sort, native_move = table.pack, table.unpack, table.concat, table.sort, table.move
local str_find, str_match, str_gmatch, str_gsub, str_rep, str_sub = string.find, string.match, string.gmatch, string.gsub, string.rep, string.sub
local native_gc = collectgarbage

-- JSON meaning of tables -------------------------------------------------------------------------------
local ARRAY_MT = { __name = "json.array" }
local OBJECT_MT = { __name = "json.object" }
local ERROR_MT = { __name = "heygen.error" }
local NULL = setmetatable({}, {
  __name = "json.null",
  __tostring = function() return "null" end,
  __newindex = function() error("json.null cannot be modified", 2) end,
  __metatable = false,
})

local function as_json_text(value)
  local text = host.json_encode(value, false)
  return text or "(table that cannot be shown as JSON)"
end
ARRAY_MT.__tostring = as_json_text
OBJECT_MT.__tostring = as_json_text

local function raise(err)
  if rawget(err, "where") == nil then
    local where = host.where()
    if where then rawset(err, "where", where) end
  end
  error(setmetatable(err, ERROR_MT), 0)
end

ERROR_MT.__tostring = function(err)
  local text = tostring(rawget(err, "message"))
  local tool, code, where = rawget(err, "tool"), rawget(err, "code"), rawget(err, "where")
  if tool ~= nil then text = tostring(tool) .. ": " .. text end
  if code ~= nil then text = text .. " [" .. tostring(code) .. "]" end
  if where ~= nil then text = tostring(where) .. ": " .. text end
  return text
end

-- Wrappers call the library function they guard through pcall, so its errors read as if the script had
-- called it: no position inside this prelude, the library name ('string.find') instead of a local's.
local function rethrow(name, ok, ...)
  if ok then return ... end
  local err = ...
  -- "not enough memory" stays as is: the host recognises it as the memory limit.
  if type(err) == "string" and err ~= "not enough memory" and not str_find(err, "^[^\n]-:%d+: ") then
    error((str_gsub(err, "to '%?'", "to '" .. name .. "'", 1)), 2)
  end
  error(err, 0)
end

-- Sandbox ----------------------------------------------------------------------------------------------
io, package, require, debug, dofile, loadfile = nil, nil, nil, nil, nil, nil
string.dump = nil
do
  local native_os = os
  os = { time = native_os.time, clock = native_os.clock, date = native_os.date, difftime = native_os.difftime }
end

load = function(chunk, chunkname, mode, ...)
  if select("#", ...) > 0 then return native_load(chunk, chunkname, "t", (...)) end
  return native_load(chunk, chunkname, "t")
end

-- Finalizers run with hooks disabled (lgc.c GCTM), so a looping __gc could never be stopped. An object is
-- marked for finalization only when setmetatable sees a __gc field, so refusing it there is enough.
local native_setmetatable = setmetatable
_ENV.setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: __gc metamethods are not available in the sandbox", 2)
  end
  return rethrow("setmetatable", native_pcall(native_setmetatable, t, mt))
end

collectgarbage = function(option)
  if option == "count" then return native_gc("count") end
  if option == nil or option == "collect" or option == "step" then return 0 end
  if option == "isrunning" then return true end
  error("collectgarbage: only \"count\" is available in the sandbox", 2)
end

local emit = host.emit
print = function(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  emit(concat(parts, "\t"))
end

-- pcall/xpcall: each level is a C call; past ~150 levels the WebAssembly C stack overflows.
local depth, max_depth = 0, host.max_pcall_depth
local function leave(...)
  depth = depth - 1
  return ...
end
local function too_deep()
  error("protected calls (pcall/xpcall) nested more than " .. max_depth .. " levels deep", 3)
end
pcall = function(...)
  if select("#", ...) == 0 then error("bad argument #1 to 'pcall' (value expected)", 2) end
  if depth >= max_depth then too_deep() end
  depth = depth + 1
  return leave(native_pcall(...))
end
xpcall = function(f, handler, ...)
  if handler == nil then error("bad argument #2 to 'xpcall' (value expected)", 2) end
  if depth >= max_depth then too_deep() end
  depth = depth + 1
  return leave(native_xpcall(f, handler, ...))
end

-- Library calls that do their whole work in one C call, where no instruction hook fires.
local budget = host.pattern_budget
local shapes, gmatch_shapes = {}, {}
local function check_pattern(fn, s, p, plain)
  if type(s) ~= "string" or type(p) ~= "string" then return end
  local exponent, items
  if plain then
    exponent, items = 1, #p
  else
    local cache = fn == "gmatch" and gmatch_shapes or shapes
    local shape = cache[p]
    if shape == nil then
      exponent, items = host.pattern_shape(p, fn)
      cache[p] = { exponent, items }
    else
      exponent, items = shape[1], shape[2]
    end
  end
  if (#s + 1) ^ exponent * items <= budget then return end
  local message = host.pattern_check(s, p, fn, plain and true or false)
  if message then raise({ code = "lua_pattern_too_expensive", message = message, retryable = false }) end
end
string.find = function(s, p, init, plain)
  check_pattern("find", s, p, plain)
  return rethrow("string.find", native_pcall(str_find, s, p, init, plain))
end
string.match = function(s, p, init)
  check_pattern("match", s, p, false)
  return rethrow("string.match", native_pcall(str_match, s, p, init))
end
string.gmatch = function(s, p, init)
  check_pattern("gmatch", s, p, false)
  return rethrow("string.gmatch", native_pcall(str_gmatch, s, p, init))
end
string.gsub = function(s, p, repl, n)
  check_pattern("gsub", s, p, false)
  return rethrow("string.gsub", native_pcall(str_gsub, s, p, repl, n))
end
string.rep = function(s, n, sep)
  -- Repeating an empty string n times is a C loop of n empty copies: 1e15 of them never end.
  if type(n) == "number" and n > 1 and (type(s) == "string" or type(s) == "number") and #tostring(s) == 0
    and (sep == nil or ((type(sep) == "string" or type(sep) == "number") and #tostring(sep) == 0)) then
    return ""
  end
  return rethrow("string.rep", native_pcall(str_rep, s, n, sep))
end
table.move = function(a1, f, e, t, a2)
  if type(f) == "number" and type(e) == "number" and e - f >= 10000000 then
    error("table.move: ranges over 10,000,000 elements are not allowed in the sandbox", 2)
  end
  return rethrow("table.move", native_pcall(native_move, a1, f, e, t, a2))
end
local function less(a, b) return a < b end
table.sort = function(list, comparator)
  -- Without a comparator a big sort runs entirely in C; a Lua comparator keeps the limits checked.
  if comparator == nil and type(list) == "table" and #list > 100000 then comparator = less end
  return rethrow("table.sort", native_pcall(native_sort, list, comparator))
end

-- Integration calls from coroutines ---------------------------------------------------------------------
-- A call yields PENDING. In the script's main coroutine that yield reaches JavaScript directly; in a
-- script-made coroutine, resume() below passes it outwards and resumes the inner coroutine afterwards.
local PENDING = {}
local function resume(co, ...)
  local saved = depth
  local results = pack(co_resume(co, ...))
  while results[1] and results.n == 2 and results[2] == PENDING and co_status(co) == "suspended" do
    co_yield(PENDING)
    results = pack(co_resume(co))
  end
  depth = saved
  return unpack(results, 1, results.n)
end
coroutine.resume = resume
coroutine.wrap = function(f)
  local co = co_create(f)
  return function(...)
    local results = pack(resume(co, ...))
    if results[1] then return unpack(results, 2, results.n) end
    local err = results[2]
    if type(err) == "string" then error(err, 2) end
    error(err, 0)
  end
end

-- app.integrations.heygen -------------------------------------------------------------------------------
local start_call, finish_call, tool_exists, wait_tool, unknown_name =
  host.start_call, host.finish_call, host.tool_exists, host.wait_tool, host.unknown_name

local function invoke(tool, account, args, options)
  local started, err = start_call(tool, account, args, options)
  if not started then raise(err) end
  co_yield(PENDING)
  local ok, value = finish_call()
  if ok then return value end
  raise(value)
end

local function tool_function(name, account)
  return function(args, options)
    return invoke(name, account, args, options)
  end
end

local function wait_function(kind, account)
  return function(id, options)
    local tool, id_field = wait_tool(kind)
    if not tool then raise({ code = "unknown_tool", message = id_field, retryable = false }) end
    local input = { [id_field] = id }
    if type(options) == "table" and options.timeout_seconds ~= nil then input.timeout_seconds = options.timeout_seconds end
    local call_options = nil
    if type(options) == "table" and options.max_wait_seconds ~= nil then
      call_options = { max_wait_seconds = options.max_wait_seconds }
    end
    return invoke(tool, account, input, call_options)
  end
end

local namespaces = {}
local account_namespace

local function helper(key, account)
  if key == "wait" then
    return function(kind, id, options) return wait_function(kind, account)(id, options) end
  end
  local kind = str_match(key, "^wait_for_(.+)$")
  if kind then return wait_function(kind, account) end
  if key == "account" and account == nil then return account_namespace end
  return nil
end

local function read_only(name)
  return function() error(name .. " is read-only", 2) end
end

account_namespace = function(account)
  if type(account) ~= "string" or account == "" then
    error("app.integrations.heygen.account: expected an account name (a non-empty string)", 2)
  end
  local namespace = namespaces[account]
  if namespace then return namespace end
  local name = "app.integrations.heygen." .. account
  namespace = setmetatable({}, {
    __index = function(self, key)
      if type(key) ~= "string" then return nil end
      local value
      if tool_exists(key) then value = tool_function(key, account) else value = helper(key, account) end
      if value == nil then error(unknown_name(key, account), 2) end
      rawset(self, key, value)
      return value
    end,
    __newindex = read_only(name),
    __call = function() error(unknown_name(account, nil), 2) end,
    __tostring = function() return name end,
    __metatable = false,
  })
  namespaces[account] = namespace
  return namespace
end

local heygen = setmetatable({}, {
  __index = function(self, key)
    if type(key) ~= "string" then return nil end
    local value
    if tool_exists(key) then value = tool_function(key, nil) else value = helper(key, nil) or account_namespace(key) end
    rawset(self, key, value)
    return value
  end,
  __newindex = read_only("app.integrations.heygen"),
  __tostring = function() return "app.integrations.heygen" end,
  __metatable = false,
})

app = { integrations = { heygen = heygen } }

-- json, docs ---------------------------------------------------------------------------------------------
json = {
  null = NULL,
  encode = function(value, pretty)
    local text, err = host.json_encode(value, pretty and true or false)
    if text == nil then error("json.encode: " .. err, 2) end
    return text
  end,
  decode = function(text)
    if type(text) ~= "string" then error("json.decode: expected a string, got " .. type(text), 2) end
    local ok, value = host.json_decode(text)
    if not ok then error("json.decode: " .. value, 2) end
    return value
  end,
  array = function(t)
    if t == nil then t = {} end
    if type(t) ~= "table" then error("json.array: expected a table, got " .. type(t), 2) end
    return setmetatable(t, ARRAY_MT)
  end,
}

lua_read_doc = function(path)
  local text, err = host.doc_read(path)
  if text == nil then error(err, 2) end
  return text
end
lua_list_docs = function(prefix) return host.doc_list(prefix) end
lua_search_docs = function(query, limit)
  if type(query) ~= "string" then error("lua_search_docs: expected a query string", 2) end
  return host.doc_search(query, limit)
end

-- Running the script -------------------------------------------------------------------------------------
local function describe(err)
  if type(err) == "table" then
    if getmetatable(err) == ERROR_MT then return err end
    local out = {}
    local ok, text = native_pcall(tostring, err)
    out.message = ok and type(text) == "string" and text or "(error object is a table)"
    if type(rawget(err, "message")) == "string" then out.message = rawget(err, "message") end
    if type(rawget(err, "code")) == "string" then out.code = rawget(err, "code") end
    if rawget(err, "retryable") ~= nil then out.retryable = rawget(err, "retryable") and true or false end
    return out
  end
  if type(err) == "string" then return { message = err } end
  local ok, text = native_pcall(tostring, err)
  return { message = ok and type(text) == "string" and text or ("(error object is a " .. type(err) .. " value)") }
end

local function run_main(chunk)
  return native_xpcall(chunk, describe)
end

return run_main, ARRAY_MT, OBJECT_MT, NULL, ERROR_MT
`;
