# Peer of loop30m.fsl: s += i * i % 7 for i = 0 .. 29999999 (at top level, as in the FSL script).
s = 0
for i in range(30000000):
    s += i * i % 7
print(s)
