package io.inkflow.schemas;

/**
 * The shipping parcel of one supply as it leaves the warehouse (the retail box with its padding): what a
 * label API needs to price and buy a label. Metric; a carrier adapter converts to its own units.
 *
 * @param weightGrams gross weight
 * @param lengthMm    longest side
 */
public record Parcel(int weightGrams, int lengthMm, int widthMm, int heightMm) {
    public Parcel {
        if (weightGrams < 1 || lengthMm < 1 || widthMm < 1 || heightMm < 1) {
            throw new IllegalArgumentException("parcel weight and sides must be positive");
        }
    }
}
