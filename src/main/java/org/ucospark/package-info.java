/**
 * uco-spark: deep clustering (DDC, DDC-UCO, DDC-AE, the DEC family and online hard-regularised
 * clustering) trained with Deeplearning4j, on one JVM or on Spark.
 *
 * <p>The packages, lowest layer first (a class may use its own package, this root package and lower
 * layers only; docs/CODE.md, checked by {@code LayeringTest}): {@code config} (every configuration
 * key declared once: {@link org.ucospark.config.ConfigKeys}) — {@code data}, {@code eval}, {@code
 * loss} (pure numerics: data recipes of docs/ALGORITHMS.md §1, metrics of §5, losses of §3) —
 * {@code nn} (DL4J layers of the losses) — {@code io}, {@code model} (Hadoop/Spark edges; networks
 * of §2 and each model's objective) — {@code prepare} — {@code train} — {@code sweep}, {@code
 * bench} — {@code report} — {@code cli}.
 *
 * <p>This package owns what every layer may use: {@link org.ucospark.UcoException} (a user-fixable
 * error, one line on stderr, exit 2) and {@link org.ucospark.BuildInfo}. It depends on no other
 * package of the project.
 */
package org.ucospark;
