package dev.analyst.contracts.dashboard;

/** Where a tile sits on a dashboard's 12-column grid: its top-left cell and its size in cells. */
public record Grid(int x, int y, int width, int height) {

    public static final int COLUMNS = 12;
}
