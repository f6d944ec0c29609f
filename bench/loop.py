# Peer of loop.fsl: s += i * i % 7 for i = 0 .. 9999999 (at top level, as in the FSL script).
s = 0
for i in range(10000000):
    s += i * i % 7
print(s)
