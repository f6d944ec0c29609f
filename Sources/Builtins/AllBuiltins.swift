// The one list of every builtin; the interpreter, help, completion and docs all read it.
import Interp

/// Every builtin FSL knows, in documentation order.
public let allBuiltins: [Builtin] =
  CoreIO.builtins + CoreCollections.builtins + CoreStrings.builtins + CoreMath.builtins
  + CoreTree.builtins
  + TensorCreation.builtins + TensorReduce.builtins + TensorNanReduce.builtins
  + TensorQuantiles.builtins + TensorShapeOps.builtins + TensorSplitting.builtins
  + TensorAlongAxis.builtins + TensorElementwise.builtins + TensorCloseness.builtins
  + TensorLaneOps.builtins + TensorCounting.builtins + TensorLinalg.builtins
  + TensorRandom.builtins + FileBuiltins.builtins + TableBuiltins.builtins + TableOps.builtins
  + LoadTxt.builtins + GradBuiltins.builtins + PlotBuiltins.builtins + NNModels.builtins
  + NNLosses.builtins + NNOptim.builtins + NNTrain.builtins + NNLBFGS.builtins
  + NNLogReg.builtins + FairMetrics.builtins + FairEffects.builtins + FairMask.builtins
  + FedAvg.builtins + FedPartition.builtins + FedSim.builtins + LoRA.builtins
  + ValueKMeans.builtins + ValueShapley.builtins + ValueKNN.builtins + ValueSampling.builtins
  + ValueShed.builtins + PruneBuiltins.builtins

/// Looks a builtin up by (possibly dotted) name.
public func builtin(named name: String) -> Builtin? {
  allBuiltins.first { b in (b.module.isEmpty ? b.name : "\(b.module).\(b.name)") == name }
}
