package org.convlens.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;

/** The one way ConvLens asks before deleting: a dialog naming what goes, Cancel, and a red Delete. */
public final class ConfirmDelete {

    private ConfirmDelete() {
    }

    public static void ask(String title, String consequences, Runnable delete) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(title);
        dialog.add(new Paragraph(consequences));
        Button confirm = new Button("Delete", click -> {
            dialog.close();
            delete.run();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setId("confirm-delete");
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), confirm);
        dialog.open();
    }
}
