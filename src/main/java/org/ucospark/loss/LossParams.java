package org.ucospark.loss;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Loss hyper-parameters (ALGORITHMS.md §3), named as in the spec / fixture JSON:
 * {@code rel_sigma} (0.15), {@code uco_lambda} (0.01), {@code kernel} ("naive" | "tensor"),
 * {@code weighting} ("constant" | "linear" | "exp"), {@code uco_assignment_gradient} (true:
 * UCO gradients also flow into A), {@code distance_gradient} ("exact" | "authors", see
 * {@link DistanceGradient}; "exact" when absent).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LossParams(
    @JsonProperty("rel_sigma") double relSigma,
    @JsonProperty("uco_lambda") double ucoLambda,
    @JsonProperty("kernel") KernelType kernel,
    @JsonProperty("weighting") Weighting weighting,
    @JsonProperty("uco_assignment_gradient") boolean ucoAssignmentGradient,
    @JsonProperty("distance_gradient") DistanceGradient distanceGradient) implements java.io.Serializable {

  @JsonCreator
  public LossParams(
      @JsonProperty("rel_sigma") Double relSigma,
      @JsonProperty("uco_lambda") Double ucoLambda,
      @JsonProperty("kernel") KernelType kernel,
      @JsonProperty("weighting") Weighting weighting,
      @JsonProperty("uco_assignment_gradient") Boolean ucoAssignmentGradient,
      @JsonProperty("distance_gradient") DistanceGradient distanceGradient) {
    this(relSigma == null ? 0.15 : relSigma, ucoLambda == null ? 0.01 : ucoLambda,
        kernel == null ? KernelType.TENSOR : kernel,
        weighting == null ? Weighting.CONSTANT : weighting,
        ucoAssignmentGradient == null || ucoAssignmentGradient,
        distanceGradient == null ? DistanceGradient.EXACT : distanceGradient);
  }

  /** With the exact distance gradient (the default). */
  public LossParams(double relSigma, double ucoLambda, KernelType kernel, Weighting weighting,
      boolean ucoAssignmentGradient) {
    this(relSigma, ucoLambda, kernel, weighting, ucoAssignmentGradient, DistanceGradient.EXACT);
  }

  /** The same parameters with another distance gradient. */
  public LossParams withDistanceGradient(DistanceGradient g) {
    return new LossParams(relSigma, ucoLambda, kernel, weighting, ucoAssignmentGradient, g);
  }

  /** The paper's defaults: 0.15, 0.01, tensor, constant, assignment gradient on, exact distance gradient. */
  public static LossParams defaults() {
    return new LossParams(0.15, 0.01, KernelType.TENSOR, Weighting.CONSTANT, true);
  }

  /**
   * How the squared-distance matrix of vectors D = sqdist(X) (the hidden representation's, read by ddc_1 and
   * ddc_3, and the naive UCO kernel's) is differentiated. EXACT: ∂L/∂X = 2·(X ⊙ rowsum(G̃) − G̃X) with
   * G̃ = G + Gᵀ, G = ∂L/∂D (uco-spark's default). AUTHORS: the hand-written gradient of the authors'
   * TensorFlow code (tk-uco {@code tf_lib/kernel.py}, {@code pdist}), ∂L/∂X = 4·(X ⊙ rowsum(G) − GX), which
   * equals the exact one only for a symmetric G; the published numbers were trained with it. Tensor-kernel
   * distances always keep their exact gradient (the authors' code differentiates them by autodiff).
   */
  public enum DistanceGradient {
    EXACT, AUTHORS;

    @JsonValue
    public String json() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator
    public static DistanceGradient parse(String s) { return valueOf(s.trim().toUpperCase(Locale.ROOT)); }
  }

  /** UCO kernel type. */
  public enum KernelType {
    NAIVE, TENSOR;

    @JsonValue
    public String json() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator
    public static KernelType parse(String s) { return valueOf(s.trim().toUpperCase(Locale.ROOT)); }
  }

  /**
   * UCO weight schedule for block l = 1..L: constant w_l = 1, linear w_l = l/L,
   * exp w_l = 10^{l−1}/10^{L−1}.
   */
  public enum Weighting {
    CONSTANT, LINEAR, EXP;

    @JsonValue
    public String json() { return name().toLowerCase(Locale.ROOT); }

    @JsonCreator
    public static Weighting parse(String s) { return valueOf(s.trim().toUpperCase(Locale.ROOT)); }

    /** w_l for 1-based block index l of L blocks. */
    public double weight(int l, int numBlocks) {
      switch (this) {
        case LINEAR: return l / (double) numBlocks;
        case EXP: return Math.pow(10.0, l - 1) / Math.pow(10.0, numBlocks - 1);
        default: return 1.0;
      }
    }
  }
}
