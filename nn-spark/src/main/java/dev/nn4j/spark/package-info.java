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
 *
 * <h2>Dropout masks</h2>
 *
 * <p>A training session draws a step's dropout masks from a generator seeded by the network's seed and the
 * step number. On {@code P} partitions, the session of partition {@code p} at step {@code s} draws them as a
 * single-machine session does at step {@code s * P + p} (in local SGD, round {@code r} of {@code k} local steps
 * starts from number {@code (r * P + p) * k}). So:
 *
 * <ul>
 *   <li>a run is reproducible: the same seed, data, partitioning and options give the same weights, whatever
 *       the executors, the threads or the retries;
 *   <li>with one partition the masks, and the weights, are those of {@code Trainer.fit} on one machine;
 *   <li>with several partitions the masks differ from one machine's (each partition draws its own for its
 *       rows), so a network with dropout trains as well but not to the same weights; without dropout the
 *       weights are one machine's, to rounding, on any number of partitions.
 * </ul>
 */
package dev.nn4j.spark;
