package io.inkflow.dispatcher.portal.view;

/**
 * What every page's layout needs: its title, which navigation entry is current, who is signed in (null
 * when nobody), the CSRF token the page's forms carry and a notice to show once (null for none).
 */
public record Frame(String title, String current, Viewer viewer, String csrf, String notice) {

    /** The signed-in customer as the navigation shows them. */
    public record Viewer(String name, String email, boolean emailVerified) {
    }

    public boolean signedIn() {
        return viewer != null;
    }

    public boolean isCurrent(String section) {
        return section.equals(current);
    }
}
