-- Peer of micro.fsl: the same operations on Lua 5.4 locals and tables (a "list" and a "tensor"
-- are both tables of numbers, a dict is a table with field x), printed as
-- "NAME NS_PER_OP LOOP_NS".
-- Usage: lua5.4 bench/micro.lua [N]   (default N = 1000000)
-- The clock is the thread's CPU time from /proc/thread-self/schedstat (as micro.fsl), else
-- os.clock() (CPU time of the process); best of 5 repetitions minus the empty loop.
local n = tonumber(arg and arg[1]) or 1000000
local reps = 5
local clock = os.clock
do
  local function schedstat()
    local file = io.open("/proc/thread-self/schedstat")
    if not file then return nil end
    local ns = file:read("n")
    file:close()
    return ns and ns * 1e-9
  end
  if schedstat() then clock = schedstat end
end
local abs = math.abs

local function f(x) return x end

local function empty_loop(n)
  local x = 0
  for i = 0, n - 1 do x = i end
  return x
end

local function call_user(n)
  local x = 0
  for i = 0, n - 1 do x = f(i) end
  return x
end

local function call_abs(n)
  local x = 0
  for i = 0, n - 1 do x = abs(i) end
  return x
end

local function call_len(n)
  local l = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }
  local x = 0
  for i = 0, n - 1 do x = #l end
  return x
end

local function list_read(n)
  local l = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }
  local j = 6
  local x = 0
  for i = 0, n - 1 do x = l[j] end
  return x
end

local function list_write(n)
  local l = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }
  local j = 6
  for i = 0, n - 1 do l[j] = i end
  return l
end

local function tensor_read(n)
  local t = { 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }
  local j = 6
  local x = 0
  for i = 0, n - 1 do x = t[j] end
  return x
end

local function tensor_write(n)
  local t = { 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }
  local j = 6
  for i = 0, n - 1 do t[j] = i end
  return t
end

local function dict_read(n)
  local d = { x = 1, y = 2 }
  local x = 0
  for i = 0, n - 1 do x = d.x end
  return x
end

local function dict_write(n)
  local d = { x = 1, y = 2 }
  for i = 0, n - 1 do d.x = i end
  return d
end

local function dict_rmw(n)
  local d = { x = 1, y = 2 }
  for i = 0, n - 1 do d.x = d.x + 1 end
  return d
end

-- Seconds for the fastest of `reps` runs of g(n).
local function best(g, n)
  local b = math.huge
  for r = 1, reps do
    local t0 = clock()
    g(n)
    local t = clock() - t0
    if t < b then b = t end
  end
  return b
end

local base = best(empty_loop, n)
print(string.format("empty_loop 0.00 %.2f", base * 1e9 / n))
local ops = {
  { "call_user", call_user }, { "call_abs", call_abs }, { "call_len", call_len },
  { "list_read", list_read }, { "list_write", list_write },
  { "tensor_read", tensor_read }, { "tensor_write", tensor_write },
  { "dict_read", dict_read }, { "dict_write", dict_write }, { "dict_rmw", dict_rmw },
}
for _, op in ipairs(ops) do
  local t = best(op[2], n)
  print(string.format("%s %.2f %.2f", op[1], (t - base) * 1e9 / n, t * 1e9 / n))
end
