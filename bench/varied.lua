-- wrk script: replay the paths listed in a file (argument 1), one per request, each wrk thread from its own slice
-- of the list (argument 2: the number of wrk threads), so no URL repeats while the list lasts (bench/varied.py).
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  local threads = tonumber(args[2]) or 1
  position = math.floor(id * #paths / threads)
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
