/**
 * Export of a trained {@link dev.nn4j.core.Network} to an ONNX file, which ONNX runtimes (ONNX Runtime,
 * and the runtimes of other frameworks) execute: {@link dev.nn4j.onnx.OnnxExporter#export(
 * dev.nn4j.core.Network, java.nio.file.Path)}. The protobuf encoding is written by a small writer of its
 * own, so this module needs no protobuf library.
 */
package dev.nn4j.onnx;
