package dev.nn4j.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/** The column parameters that the estimator and the model share: one definition of each name and doc. */
final class ColumnParams {
  static final String FEATURES = "featuresCol";
  static final String LABEL = "labelCol";
  static final String PREDICTION = "predictionCol";
  static final String PROBABILITY = "probabilityCol";

  private ColumnParams() {}

  static Param<String> features(Identifiable parent) {
    return new Param<>(parent, FEATURES, "the column of Spark ML vectors holding each sample's features");
  }

  static Param<String> label(Identifiable parent) {
    return new Param<>(parent, LABEL, "the label column: a class index, a target value, or a vector of targets");
  }

  static Param<String> prediction(Identifiable parent) {
    return new Param<>(parent, PREDICTION, "the prediction column transform adds: the class of the largest output");
  }

  static Param<String> probability(Identifiable parent) {
    return new Param<>(parent, PROBABILITY, "the probability column transform adds: the network's outputs as a vector");
  }
}
