/**
 * nn4j on Apache Spark 4: synchronous data-parallel training that gives the same weights as training on one
 * machine ({@link dev.nn4j.spark.DataParallelTrainer}), a Spark ML estimator and model ({@link
 * dev.nn4j.spark.NetworkEstimator}, {@link dev.nn4j.spark.NetworkModel}) and distributed inference ({@link
 * dev.nn4j.spark.DistributedInference}).
 *
 * <p>Spark is a {@code provided} dependency: the cluster, or the application's build, supplies it. Each step,
 * every partition computes the gradient of its rows of the global batch from the same weights (broadcast),
 * the driver sums the partitions' gradients in partition order and takes one optimizer step with nn-core's
 * {@link dev.nn4j.core.Trainer}. The rows never leave their partitions; only weights and gradients move.
 */
package dev.nn4j.spark;
