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
 * UCO gradients also flow into A).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LossParams(
    @JsonProperty("rel_sigma") double relSigma,
    @JsonProperty("uco_lambda") double ucoLambda,
    @JsonProperty("kernel") KernelType kernel,
    @JsonProperty("weighting") Weighting weighting,
    @JsonProperty("uco_assignment_gradient") boolean ucoAssignmentGradient) implements java.io.Serializable {

  @JsonCreator
  public LossParams(
      @JsonProperty("rel_sigma") Double relSigma,
      @JsonProperty("uco_lambda") Double ucoLambda,
      @JsonProperty("kernel") KernelType kernel,
      @JsonProperty("weighting") Weighting weighting,
      @JsonProperty("uco_assignment_gradient") Boolean ucoAssignmentGradient) {
    this(relSigma == null ? 0.15 : relSigma, ucoLambda == null ? 0.01 : ucoLambda,
        kernel == null ? KernelType.TENSOR : kernel,
        weighting == null ? Weighting.CONSTANT : weighting,
        ucoAssignmentGradient == null || ucoAssignmentGradient);
  }

  /** The paper's defaults: 0.15, 0.01, tensor, constant, assignment gradient on. */
  public static LossParams defaults() {
    return new LossParams(0.15, 0.01, KernelType.TENSOR, Weighting.CONSTANT, true);
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
