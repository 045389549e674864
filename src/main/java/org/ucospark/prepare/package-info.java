/**
 * The {@code prepare} and {@code inspect} commands' work: a raw data set (built-in or a user's
 * image folder, .npz, Parquet or CSV table) becomes a prepared data set, Parquet rows of {@code
 * id}, {@code label}, {@code part}, {@code pixels} plus {@code _manifest.json} ({@link
 * org.ucospark.prepare.PrepareJob}, {@link org.ucospark.prepare.Manifest}, {@link
 * org.ucospark.prepare.PreparedDataset}); {@link org.ucospark.prepare.Inspector} summarises one.
 * Bad input fails before anything is written.
 *
 * <p>Depends on: Spark (to write and read the Parquet), {@code data}, {@code io}, {@code config},
 * the root package. Never on DL4J or the training packages.
 */
package org.ucospark.prepare;
