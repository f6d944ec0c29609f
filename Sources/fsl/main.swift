// Entry point: parses the command line and runs it on a thread with a large native stack.
import Foundation
import Interp

setvbuf(stdout, nil, _IOFBF, 1 << 16)
let status = runOnLargeStack { FSLCommand.runMain(CommandLine.arguments) }
fflush(stdout)
exit(status)
