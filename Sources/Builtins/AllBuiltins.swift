// The one list of every builtin; the interpreter, help, completion and docs all read it.
import Interp

/// Every builtin FSL knows, in documentation order.
public let allBuiltins: [Builtin] =
  CoreIO.builtins + CoreCollections.builtins + CoreMath.builtins + TensorCreation.builtins
  + TensorReduce.builtins + TensorShapeOps.builtins + TensorElementwise.builtins
  + TensorLaneOps.builtins + TensorLinalg.builtins + TensorRandom.builtins
  + FileBuiltins.builtins + TableBuiltins.builtins + LoadTxt.builtins + PlotBuiltins.builtins
  + GradBuiltins.builtins + NNModels.builtins + NNLosses.builtins + NNOptim.builtins
  + NNTrain.builtins + NNLBFGS.builtins + NNLogReg.builtins
  + TableOps.builtins

/// Looks a builtin up by (possibly dotted) name.
public func builtin(named name: String) -> Builtin? {
  allBuiltins.first { b in (b.module.isEmpty ? b.name : "\(b.module).\(b.name)") == name }
}
