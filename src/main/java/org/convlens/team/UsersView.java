package org.convlens.team;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.convlens.base.UserInputException;
import org.convlens.ui.MainLayout;

/** Admins add team members and set passwords (team mode only). */
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users · ConvLens")
@RolesAllowed("ADMIN")
public class UsersView extends VerticalLayout {

    public UsersView(UserStore users) {
        Grid<UserStore.Account> grid = new Grid<>();
        grid.setId("users");
        grid.addColumn(UserStore.Account::username).setHeader("User");
        grid.addColumn(a -> a.admin() ? "admin" : "member").setHeader("Role");
        grid.setAllRowsVisible(true);
        grid.setItems(users.list());
        TextField name = new TextField("User name");
        name.setId("new-user");
        PasswordField password = new PasswordField("Password (8+ characters)");
        password.setId("new-password");
        Checkbox admin = new Checkbox("Admin");
        Div message = new Div();
        message.setId("users-message");
        Button add = new Button("Add user", click -> {
            try {
                users.add(name.getValue(), password.getValue(), admin.getValue());
                message.setText("Added " + name.getValue().strip() + ".");
                name.clear();
                password.clear();
                grid.setItems(users.list());
            } catch (UserInputException e) {
                message.setText(e.getMessage());
            }
        });
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setId("add-user");
        Button reset = new Button("Set password", click -> grid.getSelectedItems().stream().findFirst().ifPresentOrElse(account -> {
            try {
                users.setPassword(account.username(), password.getValue());
                message.setText("New password set for " + account.username() + ".");
                password.clear();
            } catch (UserInputException e) {
                message.setText(e.getMessage());
            }
        }, () -> message.setText("Select a user in the table first.")));
        HorizontalLayout form = new HorizontalLayout(name, password, admin, add, reset);
        form.setAlignItems(Alignment.BASELINE);
        add(new H2("Users"), new Paragraph("Everyone here sees the team's experiments; admins also manage accounts."), form, message, grid);
    }
}
