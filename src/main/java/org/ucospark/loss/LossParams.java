package org.ucospark.loss;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.typesafe.config.Config;
import java.util.Locale;
import org.ucospark.config.LossKeys;
import org.ucospark.config.Settings;

/**
 * Loss hyper-parameters (docs/ALGORITHMS.md §3), named as in the spec / fixture JSON: {@code
 * rel_sigma}, {@code uco_lambda}, {@code kernel} ("naive" | "tensor"), {@code weighting}
 * ("constant" | "linear" | "exp"), {@code uco_assignment_gradient} (true: UCO gradients also flow
 * into A), {@code distance_gradient} ("exact" | "authors", see {@link DistanceGradient}). Their
 * defaults and docs are the {@code loss.*} keys of reference.conf ({@link #defaults}); {@link
 * #from} binds and checks those keys, and a JSON object that leaves a field out gets its default.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LossParams(
    @JsonProperty("rel_sigma") double relSigma,
    @JsonProperty("uco_lambda") double ucoLambda,
    @JsonProperty("kernel") KernelType kernel,
    @JsonProperty("weighting") Weighting weighting,
    @JsonProperty("uco_assignment_gradient") boolean ucoAssignmentGradient,
    @JsonProperty("distance_gradient") DistanceGradient distanceGradient)
    implements java.io.Serializable {

  @JsonCreator
  public LossParams(
      @JsonProperty("rel_sigma") Double relSigma,
      @JsonProperty("uco_lambda") Double ucoLambda,
      @JsonProperty("kernel") KernelType kernel,
      @JsonProperty("weighting") Weighting weighting,
      @JsonProperty("uco_assignment_gradient") Boolean ucoAssignmentGradient,
      @JsonProperty("distance_gradient") DistanceGradient distanceGradient) {
    this(
        relSigma == null ? defaults().relSigma() : relSigma,
        ucoLambda == null ? defaults().ucoLambda() : ucoLambda,
        kernel == null ? defaults().kernel() : kernel,
        weighting == null ? defaults().weighting() : weighting,
        ucoAssignmentGradient == null ? defaults().ucoAssignmentGradient() : ucoAssignmentGradient,
        distanceGradient == null ? defaults().distanceGradient() : distanceGradient);
  }

  /** With the exact distance gradient. */
  public LossParams(
      double relSigma,
      double ucoLambda,
      KernelType kernel,
      Weighting weighting,
      boolean ucoAssignmentGradient) {
    this(relSigma, ucoLambda, kernel, weighting, ucoAssignmentGradient, DistanceGradient.EXACT);
  }

  /**
   * The {@code loss.*} keys of {@code c}: {@code rel_sigma} (&gt; 0), {@code uco_lambda} (≥ 0),
   * {@code uco_kernel}, {@code uco_weighting}, {@code uco_assignment_gradient}, {@code
   * distance_gradient}; a bad value fails naming its key.
   */
  public static LossParams from(Config c) {
    return new LossParams(
        LossKeys.REL_SIGMA.get(c),
        LossKeys.UCO_LAMBDA.get(c),
        KernelType.parse(LossKeys.UCO_KERNEL.get(c)),
        Weighting.parse(LossKeys.UCO_WEIGHTING.get(c)),
        LossKeys.UCO_ASSIGNMENT_GRADIENT.get(c),
        DistanceGradient.parse(LossKeys.DISTANCE_GRADIENT.get(c)));
  }

  /**
   * The defaults of reference.conf (the paper's: 0.15, 0.01, tensor, constant, assignment gradient,
   * exact).
   */
  public static LossParams defaults() {
    return Defaults.LOSS;
  }

  /** Bound once, on first use. */
  private static final class Defaults {
    static final LossParams LOSS = from(Settings.reference());
  }

  /**
   * How the squared-distance matrix of vectors D = sqdist(X) (the hidden representation's, read by
   * ddc_1 and ddc_3, and the naive UCO kernel's) is differentiated. EXACT: ∂L/∂X = 2·(X ⊙
   * rowsum(G̃) − G̃X) with G̃ = G + Gᵀ, G = ∂L/∂D (uco-spark's default). AUTHORS: the hand-written
   * gradient of the authors' TensorFlow code (tk-uco {@code tf_lib/kernel.py}, {@code pdist}),
   * ∂L/∂X = 4·(X ⊙ rowsum(G) − GX), which equals the exact one only for a symmetric G; the
   * published numbers were trained with it. Tensor-kernel distances always keep their exact
   * gradient (the authors' code differentiates them by autodiff).
   */
  public enum DistanceGradient {
    EXACT,
    AUTHORS;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DistanceGradient parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** UCO kernel type. */
  public enum KernelType {
    NAIVE,
    TENSOR;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static KernelType parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * UCO weight schedule for block l = 1..L: constant w_l = 1, linear w_l = l/L, exp w_l =
   * 10^{l−1}/10^{L−1}.
   */
  public enum Weighting {
    CONSTANT,
    LINEAR,
    EXP;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Weighting parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    /** w_l for 1-based block index l of L blocks. */
    public double weight(int l, int numBlocks) {
      switch (this) {
        case LINEAR:
          return l / (double) numBlocks;
        case EXP:
          return Math.pow(10.0, l - 1) / Math.pow(10.0, numBlocks - 1);
        default:
          return 1.0;
      }
    }
  }
}
