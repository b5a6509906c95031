package io.inkflow.dispatcher.shipping;

import io.inkflow.schemas.Parcel;
import java.util.Arrays;
import java.util.List;

/**
 * The one parcel of several supplies packed together: their catalog parcels laid flat and stacked. Each box
 * lies on its largest face (its smallest side up); the stack is as long and as wide as its longest and widest
 * box and as high as its boxes together, and weighs what they weigh. The sides are then named by size
 * (length the longest), as carriers measure a parcel (length, and girth around the other two sides). A single
 * box is its own catalog parcel, its sides named by size.
 */
final class ParcelStack {
    private ParcelStack() {
    }

    static Parcel of(List<Parcel> boxes) {
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("a parcel holds at least one box");
        }
        int weight = 0;
        int longest = 0;
        int widest = 0;
        int height = 0;
        for (Parcel box : boxes) {
            int[] sides = bySize(box.lengthMm(), box.widthMm(), box.heightMm());
            weight = Math.addExact(weight, box.weightGrams());
            longest = Math.max(longest, sides[0]);
            widest = Math.max(widest, sides[1]);
            height = Math.addExact(height, sides[2]);
        }
        int[] sides = bySize(longest, widest, height);
        return new Parcel(weight, sides[0], sides[1], sides[2]);
    }

    /** The sides, longest first. */
    private static int[] bySize(int a, int b, int c) {
        int[] sides = {a, b, c};
        Arrays.sort(sides);
        return new int[] {sides[2], sides[1], sides[0]};
    }
}
