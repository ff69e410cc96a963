-- wrk script (bench/run.py, bench/scale.py --miss): each request asks for the page with a new
-- `_=` parameter, so the page cache never has it; the views ignore the parameter.
local n = 0
request = function()
  n = n + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "_=" .. n .. "." .. math.random(1, 1000000000))
end
