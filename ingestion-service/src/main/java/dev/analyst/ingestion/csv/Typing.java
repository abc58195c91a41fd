package dev.analyst.ingestion.csv;

/**
 * A column's type and how its cells are written to COPY, and the rules for changing them while a
 * load is under way.
 *
 * <p>A load types its columns from a sample of the first rows and starts copying at once; {@link
 * TypeInference} goes on reading every value. When a later value needs a wider type than the column
 * has, the column can be altered in place only if every value already loaded means the same under the
 * wider typing: integers become decimals, dates become timestamps, ISO dates stay ISO dates when
 * day-first dates turn up. Anything else (a number column turning out to be text, a decimal comma
 * where a decimal point was assumed) means the sample misjudged the column, and the load starts
 * over with the types of the whole file.
 */
public record Typing(ColumnType type, ValueStyle style) {

    /** A column with no value yet: text, until one arrives. */
    public static final Typing EMPTY = new Typing(ColumnType.TEXT, ValueStyle.VERBATIM);

    /** The typing {@code inference} reads for the values it has seen. */
    public static Typing of(TypeInference inference) {
        var type = inference.type();
        return new Typing(type, inference.style(type));
    }

    /**
     * Whether {@code inference} reads its values exactly as this typing: checked for every value of a
     * load, so the type is worked out once.
     */
    public boolean isReadBy(TypeInference inference) {
        var seen = inference.type();
        return seen == type && inference.style(seen) == style;
    }

    /**
     * Whether a non-blank cell, as uploaded, has one of the common shapes this typing reads as
     * written: a plain integer in an integer or decimal column, a plain decimal in a decimal column, a
     * strict ISO date or timestamp in a column of that kind. Such a cell can change nothing {@link
     * TypeInference} decided, so a load may pass it on unexamined; false means examine it.
     */
    public boolean surelyReads(CharSequence cell) {
        if (style != ValueStyle.TRIMMED) {
            return false;
        }
        return switch (type) {
            case BIGINT -> TypeInference.isPlainInteger(cell);
            case NUMERIC -> TypeInference.isPlainInteger(cell) || TypeInference.isPlainDecimal(cell);
            case DATE -> Temporals.isoKind(cell) == Temporals.Kind.DATE;
            case TIMESTAMP -> Temporals.isoKind(cell) == Temporals.Kind.TIMESTAMP;
            case TIMESTAMPTZ -> Temporals.isoKind(cell) == Temporals.Kind.TIMESTAMPTZ;
            default -> false;
        };
    }

    /**
     * Whether values that {@code seen} describes are written exactly by this typing: the same, text
     * (which keeps every value as written), or a wider type of the same kind whose style converts them
     * the same way.
     */
    public boolean holds(Typing seen) {
        if (equals(seen) || type == ColumnType.TEXT) {
            return true;
        }
        return widens(seen.type, type) && styleKeeps(seen, style);
    }

    /**
     * Whether a column loaded with this typing, already holding values, can be altered to {@code wider}
     * with every loaded value keeping its meaning. Never to text: the loaded values were converted
     * ({@code 1.234,50 €} became {@code 1234.50}), and text must keep them as written.
     */
    public boolean canAlterTo(Typing wider) {
        return wider.type != ColumnType.TEXT && wider.holds(this);
    }

    private static boolean widens(ColumnType narrow, ColumnType wide) {
        return narrow == wide
                || (narrow == ColumnType.BIGINT && (wide == ColumnType.NUMERIC || wide == ColumnType.DOUBLE))
                || (narrow == ColumnType.NUMERIC && wide == ColumnType.DOUBLE)
                || (narrow == ColumnType.DATE && wide == ColumnType.TIMESTAMP);
    }

    /** Whether cells {@code seen} accepted are converted the same by {@code style}. */
    private static boolean styleKeeps(Typing seen, ValueStyle style) {
        if (seen.style == style) {
            return true;
        }
        if (seen.style != ValueStyle.TRIMMED) {
            return false; // a decimal comma is no decimal point, a day-first date no month-first one
        }
        return switch (style) {
            // Plain numbers read the same with grouping allowed; ISO dates in either order.
            case NUMBER_DECIMAL_POINT, DATE_DAY_FIRST, DATE_MONTH_FIRST -> true;
            // Plain integers read the same with a decimal comma; plain decimals ("1.5") do not.
            case NUMBER_DECIMAL_COMMA -> seen.type == ColumnType.BIGINT;
            case TRIMMED, VERBATIM -> false;
        };
    }
}
