-- Peer of loop30m.fsl: s += i * i % 7 for i = 0 .. 29999999.
local s = 0
for i = 0, 29999999 do s = s + i * i % 7 end
print(s)
