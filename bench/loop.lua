-- Peer of loop.fsl: s += i * i % 7 for i = 0 .. 9999999.
local s = 0
for i = 0, 9999999 do s = s + i * i % 7 end
print(s)
