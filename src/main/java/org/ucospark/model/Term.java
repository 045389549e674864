package org.ucospark.model;

import java.util.List;

/**
 * One named term of an {@link Objective} (docs/PROTOCOL.md, §3 "Losses").
 *
 * @param name as logged: {@code ddc_1}, {@code uco/0}, {@code reconstruct}, …
 * @param kind the {@link LossTerm} that computes it and writes its head, by {@link LossTerm#name}
 * @param companion whether the term belongs to the companion objective of OFM ({@code uco/l},
 *     {@code reconstruct}, a registered companion term) rather than the clustering objective
 * @param head the output layer that computes it in the network
 * @param inputs the activations it reads, by vertex name, in the head's input order (A last where
 *     read)
 * @param weight w_l of the UCO weighting schedule; 1 for the other terms
 * @param scale the factor of the term: λ·w_l for {@code uco/l}, the reconstruction weight for
 *     {@code reconstruct}, 1 otherwise
 */
public record Term(
    String name,
    String kind,
    boolean companion,
    String head,
    List<String> inputs,
    double weight,
    double scale)
    implements java.io.Serializable {
  public Term {
    inputs = List.copyOf(inputs);
  }

  /** A clustering term of scale and weight 1 computed by the head {@code head}. */
  public static Term clustering(String name, String kind, String head, List<String> inputs) {
    return new Term(name, kind, false, head, inputs, 1, 1);
  }
}
